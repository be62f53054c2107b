import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal question with two answers (native <dialog>: focus stays inside,
 * Escape answers "cancel", focus returns where it was). Every irreversible
 * step asks through it: say what will happen and that it cannot be undone.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirm: string;
  cancel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{props.title}</h2>
      <div id={`${id}-text`}>{props.children}</div>
      <div className="form-actions">
        <button type="button" className="button" autoFocus onClick={props.onCancel}>
          {props.cancel}
        </button>
        <button
          type="button"
          className={`button ${props.danger ? 'button-danger' : 'button-primary'}`}
          disabled={props.busy}
          onClick={props.onConfirm}
        >
          {props.confirm}
        </button>
      </div>
    </dialog>
  );
}
