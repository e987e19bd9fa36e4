/**
 * Bulk import of rewards from a CSV or JSON file. Each row is checked first and reported on its own; the valid rows
 * go to importRewards together (the API answers item by item), and each gets its new id or the reason.
 */
import { Scrollable } from '../app/Scrollable';
import { Alert, Button, Flex, Heading, Table, TableBody, TableCell, TableHead, TableRow } from '@aws-amplify/ui-react';
import { useState, type ChangeEvent } from 'react';
import { run } from '../app/api';
import { parseCsv } from '../app/csv';
import { humanError } from '../app/errors';
import type { CreateRewardInput, ImportRewardsMutation, ImportRewardsMutationVariables } from '../generated/operations';

interface RowResult {
  row: number;
  title: string;
  outcome: string;
  ok: boolean;
}

/** A row as a CreateRewardInput, or why it is not one. */
export function rewardFromRow(row: Record<string, unknown>): CreateRewardInput | string {
  const text = (name: string) => (row[name] === undefined || row[name] === null || row[name] === '' ? undefined : String(row[name]).trim());
  const whole = (name: string) => (text(name) !== undefined && /^\d+$/.test(text(name)!) ? Number(text(name)) : NaN);
  const title = text('title');
  if (!title) return 'title is missing';
  const pointsCost = whole('pointsCost');
  if (Number.isNaN(pointsCost)) return 'pointsCost must be a whole number, 0 or more';
  const stock = whole('stock');
  if (Number.isNaN(stock)) return 'stock must be a whole number, 0 or more';
  return {
    id: text('id'),
    title,
    description: text('description'),
    category: text('category'),
    imageUrl: text('imageUrl'),
    pointsCost,
    stock,
  };
}

function rowsOf(fileName: string, text: string): Array<Record<string, unknown>> {
  if (!fileName.toLowerCase().endsWith('.json')) return parseCsv(text);
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('The JSON file must hold an array of rewards.');
  return parsed as Array<Record<string, unknown>>;
}

export function RewardImport() {
  const [results, setResults] = useState<RowResult[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    setResults([]);
    let rows: Array<Record<string, unknown>>;
    try {
      rows = rowsOf(file.name, await file.text());
    } catch (failure) {
      return setError(`${file.name} could not be read: ${(failure as Error).message}`);
    }
    const checked = rows.map((row, index) => ({ row: index + 1, reward: rewardFromRow(row), title: String(row.title ?? '') }));
    const valid = checked.filter((entry): entry is typeof entry & { reward: CreateRewardInput } => typeof entry.reward !== 'string');
    const outcomes = new Map<number, RowResult>();
    for (const entry of checked)
      if (typeof entry.reward === 'string')
        outcomes.set(entry.row, { row: entry.row, title: entry.title, outcome: `Not imported: ${entry.reward}`, ok: false });
    if (valid.length) {
      setBusy(true);
      try {
        const data = await run<ImportRewardsMutation, ImportRewardsMutationVariables>('ImportRewards', {
          input: valid.map((entry) => entry.reward),
        });
        valid.forEach((entry, index) => {
          const answer = data.importRewards.items[index];
          const ok = answer.outcome === 'CREATED';
          outcomes.set(entry.row, {
            row: entry.row,
            title: entry.title,
            outcome: ok ? `Imported as draft ${answer.id}` : `Not imported: ${answer.reason}`,
            ok,
          });
        });
      } catch (failure) {
        const reason = humanError(failure);
        for (const entry of valid)
          outcomes.set(entry.row, { row: entry.row, title: entry.title, outcome: `Not imported: ${reason}`, ok: false });
      } finally {
        setBusy(false);
      }
    }
    setResults([...outcomes.values()].sort((a, b) => a.row - b.row));
  }

  return (
    <section aria-labelledby="import-heading">
      <Heading level={2} id="import-heading">
        Import rewards from a file
      </Heading>
      <Flex direction="column" gap="0.5rem">
        <label htmlFor="import-file">Rewards file (CSV or JSON)</label>
        <p id="import-help">Columns or fields: id (optional), title, description, category, imageUrl, pointsCost, stock.</p>
        <input
          id="import-file"
          aria-describedby="import-help"
          type="file"
          accept=".csv,.json,text/csv,application/json"
          onChange={importFile}
          disabled={busy}
        />
      </Flex>
      {error && <Alert variation="error">{error}</Alert>}
      {results.length > 0 && (
        <Scrollable label="Import results by row">
          <Table caption="Import results by row">
            <TableHead>
              <TableRow>
                <TableCell as="th">Row</TableCell>
                <TableCell as="th">Title</TableCell>
                <TableCell as="th">Result</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {results.map((result) => (
                <TableRow key={result.row}>
                  <TableCell>{result.row}</TableCell>
                  <TableCell>{result.title}</TableCell>
                  <TableCell>{result.outcome}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Scrollable>
      )}
      {results.length > 0 && <Button onClick={() => setResults([])}>Clear results</Button>}
    </section>
  );
}
