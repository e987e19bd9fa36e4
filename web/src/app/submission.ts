import { useState, type FormEvent } from 'react';
import { humanError } from './errors';

/**
 * A form's submission as a person sees it: busy while its work runs, and a failure in people's words. `submit(work)`
 * is the form's onSubmit handler; the work throws to fail.
 */
export function useSubmission(): {
  busy: boolean;
  error: string | null;
  submit: (work: () => Promise<void>) => (event: FormEvent) => Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (work: () => Promise<void>) => async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(humanError(failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}
