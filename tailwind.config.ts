import type { Config } from "tailwindcss";

// Loaded by app/globals.css through `@config`. Colours are CSS variables so that the dark
// theme (prefers-color-scheme) swaps them in one place.
export default {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        bg: "var(--bg)",
        surface: "var(--surface)",
        muted: "var(--muted)",
        border: "var(--border)",
        fg: "var(--fg)",
        "fg-muted": "var(--fg-muted)",
        accent: "var(--accent)",
        "accent-fg": "var(--accent-fg)",
        danger: "var(--danger)",
        "danger-fg": "var(--danger-fg)",
        "danger-soft": "var(--danger-soft)",
        success: "var(--success)",
        warning: "var(--warning)",
        "warning-soft": "var(--warning-soft)",
      },
      fontFamily: {
        sans: ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
        mono: ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
      },
    },
  },
} satisfies Config;
