"use client";

import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";

// Whether the screen is at least 768 px wide (Tailwind's `md`), for what renders one thing or
// another by width instead of rendering both and hiding one with CSS (a table of 50 keys and
// the same 50 keys as cards). The server cannot see the width: it renders for the device the
// request says it comes from (lib/http/phone.ts), and the first render in the browser
// corrects the guess, and follows the window as it is resized.

const WIDE = "(min-width: 768px)";

/** What the server guessed: a phone's request is rendered narrow, every other one wide. */
const NarrowGuess = createContext(false);

/** Sets the guess for what it wraps (the dashboard's pages). */
export function ScreenWidthGuess({ narrow, children }: { narrow: boolean; children: ReactNode }) {
  return <NarrowGuess value={narrow}>{children}</NarrowGuess>;
}

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(WIDE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

const isWideNow = () => window.matchMedia(WIDE).matches;

/** True at 768 px and wider: the server's guess until the browser knows. */
export function useWideScreen(): boolean {
  const narrowGuess = useContext(NarrowGuess);
  return useSyncExternalStore(subscribe, isWideNow, () => !narrowGuess);
}
