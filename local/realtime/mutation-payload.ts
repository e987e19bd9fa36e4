import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/** One root field of a mutation's response, as subscribers see it. */
export interface PublishedField {
  mutationField: string;
  /** the field's value keyed by field names (not the caller's aliases): what filters and subscribers read */
  payload: Record<string, unknown>;
}

/**
 * The published payloads of a mutation: each root field that resolved to a value, re-keyed from the caller's
 * aliases to field names. Only what the caller selected is there, which is why subscribers get null for the rest.
 */
export function publishedFields(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  data: Record<string, unknown>,
): PublishedField[] {
  const published: PublishedField[] = [];
  forEachField(operation.selectionSet, fragments, (mutationField, responseKey, selectionSet) => {
    const value = data[responseKey];
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      published.push({ mutationField, payload: byFieldName(value as Record<string, unknown>, selectionSet, fragments) });
  });
  return published;
}

function byFieldName(
  value: Record<string, unknown>,
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (!selectionSet) return result;
  forEachField(selectionSet, fragments, (fieldName, responseKey, subSelection) => {
    // a key missing from the data was skipped (@skip/@include) or belongs to a fragment of another type
    if (!(responseKey in value) || fieldName === '__typename') return;
    const shaped = reshape(value[responseKey], subSelection, fragments);
    const existing = result[fieldName];
    // the same field selected twice under different aliases: merge what both selections brought
    result[fieldName] = isRecord(existing) && isRecord(shaped) ? { ...existing, ...shaped } : shaped;
  });
  return result;
}

function reshape(value: unknown, selectionSet: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>): unknown {
  if (Array.isArray(value)) return value.map((element) => reshape(element, selectionSet, fragments));
  return isRecord(value) && selectionSet ? byFieldName(value, selectionSet, fragments) : value;
}

function forEachField(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  visit: (fieldName: string, responseKey: string, selectionSet: SelectionSetNode | undefined) => void,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) visit(selection.name.value, (selection.alias ?? selection.name).value, selection.selectionSet);
    else if (selection.kind === Kind.INLINE_FRAGMENT) forEachField(selection.selectionSet, fragments, visit);
    else if (fragments[selection.name.value]) forEachField(fragments[selection.name.value].selectionSet, fragments, visit);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
