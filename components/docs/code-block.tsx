// A block of code as the docs and the SDK grid show it: highlighted on the server, scrollable
// by keyboard, with a Copy button.
import { CopyButton } from "@/components/api-keys/copy-button";
import { cn } from "@/components/ui/cn";
import styles from "./code-block.module.css";
import { highlightToHtml, type CodeLanguage } from "./highlight";

/** The highlighted code alone: a focusable `<pre>` (so keyboard users can scroll a long line). */
export function HighlightedCode({ code, language, label, className }: { code: string; language: CodeLanguage; label: string; className?: string }) {
  return (
    <pre tabIndex={0} aria-label={label} className={cn(styles.code, "overflow-x-auto p-3 font-mono text-xs leading-relaxed", className)}>
      {/* highlight.js escapes the code's text; only its own spans are markup. */}
      <code className={`hljs language-${language}`} dangerouslySetInnerHTML={{ __html: highlightToHtml(code, language) }} />
    </pre>
  );
}

/** A titled code block with a Copy button. */
export function CodeBlock({
  code,
  language,
  title,
  label,
  className,
}: {
  code: string;
  language: CodeLanguage;
  title: string;
  /** What screen readers call the block and its Copy button: "curl snippet". */
  label: string;
  className?: string;
}) {
  return (
    <figure className={cn("min-w-0 overflow-hidden rounded-lg border border-border bg-surface", className)}>
      <figcaption className="flex items-center justify-between gap-2 border-b border-border px-3 py-1.5 text-sm font-medium">
        {title}
        <CopyButton text={code} label={label} />
      </figcaption>
      <HighlightedCode code={code} language={language} label={label} />
    </figure>
  );
}
