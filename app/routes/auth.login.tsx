import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { useState } from "react";
import { polarisTranslations, startLogin } from "../modules/auth/login.server";
import { env } from "../platform/env.server";
import { readForm } from "../platform/http/form.server";

// Installs that start outside Shopify admin (an App Store listing link, a bookmarked app URL):
// the merchant names their shop and is sent to its admin to install or open the app.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];
export const meta: MetaFunction = () => [{ title: "Log in · Privacy Desk" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const shop = new URL(request.url).searchParams.get("shop");
  const errors = shop === null ? {} : await startLogin(env().SHOPIFY_APP_URL, shop);
  return json({ errors, polarisTranslations: polarisTranslations() });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const form = await readForm(request, 4096);
  const shop = form.get("shop");
  return json({ errors: await startLogin(env().SHOPIFY_APP_URL, typeof shop === "string" ? shop : null) }, { status: 400 });
};

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const errors = actionData?.errors ?? loaderData.errors;
  return (
    <AppProvider i18n={loaderData.polarisTranslations}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h1">
                Log in to Privacy Desk
              </Text>
              <TextField
                type="text"
                name="shop"
                label="Shop domain"
                helpText="example.myshopify.com"
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={errors.shop}
              />
              <Button submit variant="primary">
                Log in
              </Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
