// The component's stylesheet, rendered with it (no CSS file to import, no Tailwind in the host).
// Every colour, the radius and the font come from a CSS variable the host may set anywhere above
// the component (`--kp-accent: #0e7490`); each falls back to a light or a dark default.
export const KEYPORT_KEYS_CSS = `
.kp-keys {
  --kp-_bg: var(--kp-bg, #ffffff);
  --kp-_fg: var(--kp-fg, #17171c);
  --kp-_muted: var(--kp-muted, #5c5c66);
  --kp-_border: var(--kp-border, #d4d4da);
  --kp-_accent: var(--kp-accent, #4338ca);
  --kp-_accent-fg: var(--kp-accent-fg, #ffffff);
  --kp-_danger: var(--kp-danger, #b42318);
  --kp-_soft: var(--kp-soft, #f1f1f3);
  font-family: var(--kp-font, ui-sans-serif, system-ui, sans-serif);
  color: var(--kp-_fg);
  background: var(--kp-_bg);
  border: 1px solid var(--kp-_border);
  border-radius: var(--kp-radius, 8px);
  padding: 16px;
  font-size: 14px;
  line-height: 1.45;
  box-sizing: border-box;
  max-width: 100%;
}
@media (prefers-color-scheme: dark) {
  .kp-keys {
    --kp-_bg: var(--kp-bg, #17171c);
    --kp-_fg: var(--kp-fg, #ededf0);
    --kp-_muted: var(--kp-muted, #a0a0ab);
    --kp-_border: var(--kp-border, #3a3a46);
    --kp-_accent: var(--kp-accent, #8b8cf8);
    --kp-_accent-fg: var(--kp-accent-fg, #0f0f12);
    --kp-_danger: var(--kp-danger, #f97066);
    --kp-_soft: var(--kp-soft, #22222a);
  }
}
.kp-keys *, .kp-keys *::before, .kp-keys *::after { box-sizing: border-box; }
.kp-keys h2 { font-size: 16px; margin: 0; }
.kp-keys .kp-head { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; justify-content: space-between; margin-bottom: 12px; }
.kp-keys .kp-muted { color: var(--kp-_muted); }
.kp-keys ul.kp-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.kp-keys li.kp-key { border: 1px solid var(--kp-_border); border-radius: var(--kp-radius, 8px); padding: 10px 12px; display: grid; gap: 6px; }
.kp-keys .kp-key-head { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; justify-content: space-between; }
.kp-keys .kp-name { font-weight: 600; overflow-wrap: anywhere; }
.kp-keys code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; overflow-wrap: anywhere; }
.kp-keys .kp-badge { font-size: 12px; border: 1px solid var(--kp-_border); border-radius: 999px; padding: 0 8px; color: var(--kp-_muted); }
.kp-keys .kp-actions { display: flex; flex-wrap: wrap; gap: 6px; }
.kp-keys button { font: inherit; cursor: pointer; border-radius: 6px; padding: 6px 12px; border: 1px solid var(--kp-_border); background: var(--kp-_bg); color: var(--kp-_fg); min-height: 32px; }
.kp-keys button.kp-primary { background: var(--kp-_accent); border-color: var(--kp-_accent); color: var(--kp-_accent-fg); }
.kp-keys button.kp-danger { color: var(--kp-_danger); border-color: var(--kp-_danger); }
.kp-keys button.kp-danger-solid { background: var(--kp-_danger); border-color: var(--kp-_danger); color: var(--kp-_bg); }
.kp-keys button:disabled { opacity: 0.6; cursor: default; }
.kp-keys :focus-visible { outline: 2px solid var(--kp-_accent); outline-offset: 2px; }
.kp-keys dialog { margin: auto; color: var(--kp-_fg); background: var(--kp-_bg); border: 1px solid var(--kp-_border); border-radius: var(--kp-radius, 8px); padding: 16px; width: min(440px, calc(100vw - 32px)); }
.kp-keys dialog::backdrop { background: rgb(0 0 0 / 0.45); }
.kp-keys form { display: grid; gap: 12px; }
.kp-keys label { display: grid; gap: 4px; font-weight: 500; }
.kp-keys input, .kp-keys select { font: inherit; color: var(--kp-_fg); background: var(--kp-_bg); border: 1px solid var(--kp-_border); border-radius: 6px; padding: 6px 8px; min-height: 32px; width: 100%; }
.kp-keys input[aria-invalid="true"] { border-color: var(--kp-_danger); }
.kp-keys .kp-error { color: var(--kp-_danger); font-size: 13px; margin: 0; }
.kp-keys .kp-secret { background: var(--kp-_soft); border-radius: 6px; padding: 8px; display: block; }
.kp-keys .kp-footer { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; }
.kp-keys .kp-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
