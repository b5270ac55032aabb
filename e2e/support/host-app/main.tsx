// A product's page that embeds @keyport/react, as the package is published (its built module).
// The token and Keyport's URL come from the page's query string, as a backend would render them.
import { createRoot } from "react-dom/client";
import { KeyportKeys } from "@keyport/react";

const params = new URLSearchParams(location.search);
const root = document.getElementById("root")!;
createRoot(root).render(
  <main>
    <h1>Acme Analytics: settings</h1>
    <KeyportKeys baseUrl={params.get("base")!} token={params.get("token")!} title="Your API keys" />
  </main>,
);
