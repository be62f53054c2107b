import { useEffect, useRef, type RefObject } from 'react';

/** How long to wait for a page's heading to appear (lazy pages and their data load first). */
const WAIT_MS = 5_000;

/**
 * After each navigation (not the first page), moves focus to the new page's
 * heading, so a screen-reader or keyboard user starts where the page starts
 * and hears its name. The heading may appear only once the page has loaded:
 * it is awaited. Nothing moves when the person has already focused something
 * on the new page.
 */
export function useFocusHeadingOnNavigation(main: RefObject<HTMLElement | null>, path: string) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const root = main.current;
    if (!root) return;
    const focusHeading = (): boolean => {
      const heading = root.querySelector('h1');
      if (!heading) return false;
      const active = document.activeElement;
      if (active && active !== document.body && active !== root && root.contains(active)) {
        return true;
      }
      heading.tabIndex = -1;
      heading.focus();
      return true;
    };
    if (focusHeading()) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(root, { childList: true, subtree: true });
    const timer = window.setTimeout(() => observer.disconnect(), WAIT_MS);
    return () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
  }, [main, path]);
}
