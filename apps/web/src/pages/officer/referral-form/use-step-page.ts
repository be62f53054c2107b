import { useEffect, useRef, type RefObject } from 'react';
import { useBlocker } from 'react-router-dom';
import type { StepId } from '../referral-form-problems';

/**
 * The step's heading (or the field asked for, by id, in the returned ref)
 * takes the focus when the step changes. Not on the page's first showing,
 * unless the new form has just moved to the draft's own address (`moved`).
 */
export function useStepFocus(step: StepId, moved: boolean): RefObject<string | null> {
  const focusNext = useRef<string | null>(null);
  const shown = useRef(false);
  const movedHere = useRef(moved);
  useEffect(() => {
    const first = !shown.current;
    shown.current = true;
    if (first && !movedHere.current) return;
    const target = focusNext.current ?? 'step-title';
    focusNext.current = null;
    document.getElementById(target)?.focus();
  }, [step]);
  return focusNext;
}

/**
 * Unsaved work: the browser asks before the tab closes or reloads, and the
 * console before it navigates to another page (changing steps is not
 * leaving; neither is a move the form makes itself, flagged in `leaving`).
 */
export function useLeaveGuard(dirty: boolean, leaving: RefObject<boolean>) {
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  return useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname,
  );
}
