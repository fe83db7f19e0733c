// Boots the embedded GraphiQL for pcgraph. Loaded by index.html after the
// vendored React 18 UMD build and graphiql.min.js (global GraphiQL). Kept in a
// file rather than inline so the page works under a strict CSP
// (script-src 'self').
(function () {
  "use strict";

  // Same-origin GraphQL endpoint; absolute path so the page works at any URL.
  var ENDPOINT = "/graphql";

  var DEFAULT_QUERY =
    "# Welcome to pcgraph's GraphiQL.\n" +
    "#\n" +
    "# Type a query on the left and press Ctrl-Enter (Cmd-Enter) to run it.\n" +
    "# Request headers (e.g. Authorization) go in the Headers tab below.\n" +
    "\n" +
    "{\n" +
    "  consultations {\n" +
    "    id\n" +
    "    title\n" +
    "  }\n" +
    "}\n";

  // fetcher POSTs the GraphQL request as JSON to ENDPOINT, merging the headers
  // typed into GraphiQL's headers editor.
  function fetcher(params, opts) {
    var headers = {
      "Content-Type": "application/json",
      Accept: "application/graphql-response+json, application/json"
    };
    var extra = (opts && opts.headers) || {};
    Object.keys(extra).forEach(function (k) {
      headers[k] = extra[k];
    });
    return fetch(ENDPOINT, {
      method: "POST",
      headers: headers,
      body: JSON.stringify(params),
      credentials: "same-origin"
    }).then(function (res) {
      return res.text().then(function (text) {
        try {
          return JSON.parse(text);
        } catch (e) {
          // Not JSON (proxy error page, panic text, …): show it as an error.
          return {
            errors: [
              { message: "HTTP " + res.status + " " + res.statusText + ": " + text }
            ]
          };
        }
      });
    });
  }

  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: DEFAULT_QUERY,
      isHeadersEditorEnabled: true,
      // Headers often carry tokens: keep them out of localStorage.
      shouldPersistHeaders: false
    })
  );
})();
