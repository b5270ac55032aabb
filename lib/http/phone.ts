// Whether a request comes from a phone, as its headers say: what the dashboard renders first
// where it shows a table on a wide screen and cards on a narrow one (the browser corrects a
// wrong guess once it knows its width).

type Headers = { get(name: string): string | null };

/** Client Hints first (Chromium sends `Sec-CH-UA-Mobile` on every request), then the User-Agent. */
export function looksLikePhone(headers: Headers): boolean {
  const mobileHint = headers.get("sec-ch-ua-mobile");
  if (mobileHint !== null) return mobileHint.trim() === "?1";
  return /\b(Mobi|iPhone|iPod)|Android.+Mobile/.test(headers.get("user-agent") ?? "");
}
