// Asks a pcgraph /graphql endpoint the same query twice through Apollo Client with its
// automatic persisted queries link (a hash first, the query only when the server does not
// know the hash), by POST and by GET, and prints what was asked and answered as JSON:
//   node apollo.mjs http://127.0.0.1:8080/graphql 'query { … }'
import { createHash } from "node:crypto";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";

const [url, text] = process.argv.slice(2);
if (!url || !text) {
  console.error("usage: node apollo.mjs URL QUERY");
  process.exit(2);
}

const requests = [];
async function loggingFetch(input, init) {
  const u = new URL(typeof input === "string" ? input : input.url);
  const body = init && init.body ? JSON.parse(init.body) : null;
  const sent = body || {
    query: u.searchParams.get("query") || undefined,
    extensions: u.searchParams.get("extensions") ? JSON.parse(u.searchParams.get("extensions")) : undefined,
  };
  const res = await fetch(input, init);
  const copy = await res.clone().json().catch(() => null);
  requests.push({
    method: (init && init.method) || "GET",
    sentQuery: typeof sent.query === "string" && sent.query.length > 0,
    sentHash: !!(sent.extensions && sent.extensions.persistedQuery),
    status: res.status,
    errorCodes: ((copy && copy.errors) || []).map((e) => (e.extensions || {}).code || e.message),
  });
  return res;
}

async function twice(useGET) {
  const link = new PersistedQueryLink({
    sha256: (q) => createHash("sha256").update(q).digest("hex"),
    useGETForHashedQueries: useGET,
  }).concat(new HttpLink({ uri: url, fetch: loggingFetch }));
  const answers = [];
  for (let i = 0; i < 2; i++) {
    // A new client each time: nothing cached on the client side.
    const client = new ApolloClient({ link, cache: new InMemoryCache() });
    const { data, error } = await client.query({ query: gql(text), fetchPolicy: "network-only" });
    answers.push(error ? { error: String(error) } : { data });
  }
  return answers;
}

const out = {};
for (const [name, useGET] of [["post", false], ["get", true]]) {
  requests.length = 0;
  const answers = await twice(useGET);
  out[name] = { answers, requests: [...requests] };
}
console.log(JSON.stringify(out));
