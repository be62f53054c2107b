import { useEffect, useRef } from 'react';
import { ApiError } from '../../api/problem';
import { Notice, ProblemMessage } from '../../components/ui';

/**
 * The line that says what an action did. It takes focus when it appears, so
 * a keyboard user whose form just disappeared is not left on nothing.
 */
export function ActionNotice({ text }: { text: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (text) ref.current?.focus();
  }, [text]);
  if (!text) return null;
  return (
    <div ref={ref} tabIndex={-1} className="liaison-notice">
      <Notice>{text}</Notice>
    </div>
  );
}

/** Field messages of a refused request (400), for `Field errors`. */
export function fieldErrors(error: unknown, field: string): string[] {
  return error instanceof ApiError ? error.fieldMessages(field) : [];
}

/**
 * The problem above a form, unless every complaint is already shown next to
 * its field (`fields` are the form's own).
 */
export function FormProblem({ error, fields }: { error: unknown; fields: string[] }) {
  if (!error) return null;
  if (error instanceof ApiError && error.problem.errors?.length) {
    const own = error.problem.errors.every((e) => fields.includes(e.field));
    if (own) return null;
  }
  return <ProblemMessage error={error} />;
}
