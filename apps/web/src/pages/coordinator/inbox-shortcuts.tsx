import { useEffect, type RefObject } from 'react';

/**
 * Keyboard shortcuts of the case inbox: j or ↓ for the next case, k or ↑ for
 * the previous one, Enter to open it, c to claim it. The selected case is the
 * one whose link has focus, so screen readers announce it and Enter opens it
 * as any link does. Rows carry `data-shortcut-row`, a row's claim button
 * `data-shortcut-claim`. Nothing happens while typing in a field or with a
 * modifier key held.
 */

const NEXT = new Set(['j', 'ArrowDown']);
const PREVIOUS = new Set(['k', 'ArrowUp']);

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    target.closest('dialog[open]') !== null
  );
}

export function useInboxShortcuts(container: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      const root = container.current;
      if (!root) return;
      const rows = [...root.querySelectorAll<HTMLElement>('[data-shortcut-row]')];
      if (rows.length === 0) return;
      const current = rows.findIndex((row) => row.contains(document.activeElement));
      const select = (index: number) => {
        event.preventDefault();
        rows[index].querySelector<HTMLElement>('a')?.focus();
      };
      if (NEXT.has(event.key)) {
        select(current < 0 ? 0 : Math.min(current + 1, rows.length - 1));
      } else if (PREVIOUS.has(event.key)) {
        select(current < 0 ? 0 : Math.max(current - 1, 0));
      } else if (event.key === 'c' && current >= 0) {
        const claim = rows[current].querySelector<HTMLButtonElement>('[data-shortcut-claim]');
        if (claim && !claim.disabled) {
          event.preventDefault();
          claim.click();
          // The row stays selected once the claim has re-rendered it.
          rows[current].querySelector<HTMLElement>('a')?.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [container]);
}

/** The shortcuts, told where they work. */
export function InboxShortcutsHelp() {
  return (
    <details className="shortcuts-help">
      <summary>Keyboard shortcuts</summary>
      <dl>
        <dt>
          <kbd>j</kbd> or <kbd>↓</kbd>
        </dt>
        <dd>Next case</dd>
        <dt>
          <kbd>k</kbd> or <kbd>↑</kbd>
        </dt>
        <dd>Previous case</dd>
        <dt>
          <kbd>Enter</kbd>
        </dt>
        <dd>Open the selected case</dd>
        <dt>
          <kbd>c</kbd>
        </dt>
        <dd>Claim the selected case</dd>
      </dl>
      <p>Shortcuts do nothing while you type in a field.</p>
    </details>
  );
}
