import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Privacy Desk" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  // Shopify admin opens the app URL with ?shop=...; hand over to the embedded app.
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
};

export default function Index() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "4rem auto", padding: "0 1rem", lineHeight: 1.5 }}>
      <h1>Privacy Desk</h1>
      <p>
        Privacy compliance for Shopify stores: Shopify&apos;s compliance webhooks handled durably, data subject requests run against
        their legal deadlines, a consent banner wired to the Customer Privacy API, and a tamper-evident audit log.
      </p>
      <p>Install it from the Shopify App Store and open it from your Shopify admin.</p>
    </main>
  );
}
