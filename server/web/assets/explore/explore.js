// pcgraph's topic-network explorer. Loaded by /explore after the vendored
// Cytoscape.js (global `cytoscape`). Kept in a file rather than inline so the
// page works under a strict CSP (script-src 'self'). It talks only to the
// same-origin GraphQL endpoint, POST /graphql.
//
// Tests drive it through window.pcgraphExplorer = {cy, state, drawSynthetic, …}.
(function () {
  "use strict";

  // Same-origin GraphQL endpoint; the only URL this script fetches.
  var ENDPOINT = "/graphql";

  // How long control changes are collected before the network is redrawn.
  var DEBOUNCE_MS = 250;
  // Comments per page in the side panel (the API's maximum).
  var PAGE_SIZE = 100;

  // Enum values and their Japanese labels, as [value, label] pairs in the
  // schema's order, read from the API's enumLabels with the consultations
  // (loadConsultations): the schema names the values and the server labels
  // them, so the page keeps no list of its own.
  var DISPOSITIONS = [];
  var DISPOSITION_LABEL = {};
  var SUBMITTER_KINDS = [];
  var KIND_LABEL = {};
  var VIA_LABEL = {};

  // setLabels fills the lists above from enumLabels answers.
  function setLabels(data) {
    DISPOSITIONS.length = 0;
    SUBMITTER_KINDS.length = 0;
    data.dispositions.forEach(function (e) {
      DISPOSITIONS.push([e.value, e.label]);
      DISPOSITION_LABEL[e.value] = e.label;
    });
    data.submitterKinds.forEach(function (e) {
      SUBMITTER_KINDS.push([e.value, e.label]);
    });
    data.nodeKinds.forEach(function (e) {
      KIND_LABEL[e.value] = e.label;
    });
    data.via.forEach(function (e) {
      VIA_LABEL[e.value] = e.label;
    });
    data.dimensions.forEach(function (e) {
      if (e.value === "CAMPAIGN") KIND_LABEL.CAMPAIGN = e.label;
    });
  }

  // A campaign is drawn as one node; its label is the CAMPAIGN dimension's.
  var KIND_SHAPE = { TOPIC: "ellipse", SUBMITTER: "rectangle", SECTION: "diamond", CAMPAIGN: "hexagon" };

  // Community colours (community 0 is the largest); repeats after 12.
  var PALETTE = [
    "#3b6fd8", "#e8833a", "#2f9e6e", "#d6455d", "#8a5cc9", "#b0851c",
    "#1f9bb4", "#d2609f", "#6f8f2f", "#7a6a58", "#4d5fa8", "#c2552b"
  ];

  var FONT = '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans CJK JP", ' +
    '"Noto Sans JP", "Yu Gothic UI", "Yu Gothic", Meiryo, system-ui, sans-serif';

  // ---- state -------------------------------------------------------------

  var state = {
    consultation: "",
    section: "",
    disposition: "",
    submitterKind: "",
    minWeight: 2,
    includeSubmitters: false,
    includeSections: false,
    includeCampaigns: false,
    search: "",
    consultations: [],
    // pending is true from a control change until the matching network is drawn
    // (or has failed); generation counts the networks drawn so far.
    pending: true,
    generation: 0,
    nodeCount: 0,
    edgeCount: 0,
    matchCount: 0,
    layoutMs: 0,
    synthetic: false,
    error: null,
    // The node whose comments the panel lists, and that list.
    selected: null,
    list: null,
    // The comment shown in the panel (#comment=<id>), or null.
    comment: null
  };

  var $ = function (id) {
    return document.getElementById(id);
  };

  // ---- GraphQL -----------------------------------------------------------

  // gql POSTs one operation and resolves to its data; any error (HTTP,
  // non-JSON answer, GraphQL errors) rejects with a readable message.
  function gql(query, variables) {
    return fetch(ENDPOINT, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/graphql-response+json, application/json"
      },
      body: JSON.stringify({ query: query, variables: variables || {} }),
      credentials: "same-origin"
    }).then(function (res) {
      return res.text().then(function (text) {
        var body;
        try {
          body = JSON.parse(text);
        } catch (e) {
          throw new Error("HTTP " + res.status + " " + res.statusText + ": " + text.slice(0, 300));
        }
        if (body.errors && body.errors.length) {
          throw new Error(body.errors.map(function (e) {
            var code = e.extensions && e.extensions.code;
            return e.message + (code ? " [" + code + "]" : "");
          }).join("; "));
        }
        if (!res.ok || !body.data) {
          throw new Error("HTTP " + res.status + " " + res.statusText);
        }
        return body.data;
      });
    });
  }

  var Q_CONSULTATIONS = "query ExploreConsultations { consultations { id slug title ministry }" +
    ' dispositions: enumLabels(enum: "Disposition") { value label }' +
    ' submitterKinds: enumLabels(enum: "SubmitterKind") { value label }' +
    ' nodeKinds: enumLabels(enum: "NetworkNodeKind") { value label }' +
    ' via: enumLabels(enum: "MentionVia") { value label }' +
    ' dimensions: enumLabels(enum: "StatDimension") { value label } }';

  var Q_SECTIONS = "query ExploreSections($consultation: ID) {" +
    " sections(consultation: $consultation) { id code title consultation { slug } } }";

  var Q_NETWORK = "query ExploreNetwork($filter: CommentFilter, $minWeight: Int, $include: [NetworkNodeKind!]) {" +
    " topicNetwork(filter: $filter, minWeight: $minWeight, include: $include) {" +
    " nodes { id label kind weight degree weightedDegree betweenness community }" +
    " edges { source target weight } } }";

  // A campaign (form letter) is drawn as one node, linked to the topics of its
  // exemplar (its copies share them), sized by its number of comments.
  var Q_CAMPAIGNS = "query ExploreCampaigns($filter: CommentFilter) {" +
    " campaigns(filter: $filter, first: 100) { nodes { id size similarity" +
    " exemplar { topics { topic { id } evidence { via } } } } } }";

  var Q_CAMPAIGN_COMMENTS = "query ExploreCampaignComments($filter: CommentFilter, $first: Int, $after: String) {" +
    " comments(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }" +
    " nodes { id number submitter { label name } text response { dispositions } } } }";

  var Q_NODE_COMMENTS = "query ExploreNodeComments($id: ID!, $filter: CommentFilter, $first: Int, $after: String) {" +
    " node(id: $id) { id" +
    " ... on Topic { comments(filter: $filter, first: $first, after: $after) { ...ExplorePage } }" +
    " ... on Submitter { comments(filter: $filter, first: $first, after: $after) { ...ExplorePage } }" +
    " ... on Section { comments(filter: $filter, first: $first, after: $after) { ...ExplorePage } } } }" +
    " fragment ExplorePage on CommentConnection { totalCount pageInfo { hasNextPage endCursor }" +
    " nodes { id number submitter { label name } text response { dispositions } } }";

  var Q_COMMENT = "query ExploreComment($id: ID!) { node(id: $id) { id ... on Comment {" +
    " number text consultation { title }" +
    " submitter { label name kind }" +
    " section { code title }" +
    " topics { topic { id label } evidence { via surface } }" +
    " response { text dispositions evidence { disposition phrase } } } } }";

  // filter is the CommentFilter of the controls (unset fields left out).
  function filter() {
    var f = {};
    if (state.consultation) f.consultation = state.consultation;
    if (state.section) f.section = state.section;
    if (state.disposition) f.dispositions = [state.disposition];
    if (state.submitterKind) f.submitterKind = state.submitterKind;
    return f;
  }

  function include() {
    var inc = [];
    if (state.includeSubmitters) inc.push("SUBMITTER");
    if (state.includeSections) inc.push("SECTION");
    return inc;
  }

  // ---- errors ------------------------------------------------------------

  function showError(context, err) {
    state.error = context + ": " + (err && err.message ? err.message : String(err));
    $("error-text").textContent = state.error;
    $("error").hidden = false;
    if (window.console) console.error(state.error);
  }

  function clearError() {
    state.error = null;
    $("error").hidden = true;
  }

  // ---- normalisation and small helpers -----------------------------------

  // norm makes search width- and case-insensitive (ＩｏＴ finds IoT).
  function norm(s) {
    return String(s).normalize("NFKC").toLowerCase();
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function debounce(fn, ms) {
    var t = null;
    return function () {
      clearTimeout(t);
      t = setTimeout(fn, ms);
    };
  }

  // hash32 is a small string hash (FNV-1a) for deterministic start positions.
  function hash32(s) {
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  }

  // rng returns a seeded pseudo-random generator in [0, 1) (mulberry32).
  function rng(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function submitterText(s) {
    return s.name ? s.label + "（" + s.name + "）" : s.label;
  }

  function firstLine(text) {
    var line = String(text).split(/\n/).find(function (l) {
      return l.trim() !== "";
    });
    return line ? line.trim() : "";
  }

  function commentHash(id) {
    return "#comment=" + encodeURIComponent(id).replace(/%2F/g, "/");
  }

  function dispositionBadges(ds) {
    var wrap = el("span", "badges");
    ds.forEach(function (d) {
      var b = el("span", "badge badge-" + d.toLowerCase().replace(/_/g, "-"), DISPOSITION_LABEL[d] || d);
      b.title = d;
      wrap.appendChild(b);
    });
    return wrap;
  }

  // ---- the graph -----------------------------------------------------------

  var cy = cytoscape({
    container: $("cy"),
    elements: [],
    minZoom: 0.1,
    maxZoom: 4,
    boxSelectionEnabled: false,
    style: [
      {
        selector: "node",
        style: {
          shape: "data(shape)",
          width: "data(size)",
          height: "data(size)",
          "background-color": "data(color)",
          "border-width": 1.5,
          "border-color": "#ffffff",
          label: "data(label)",
          "font-family": FONT,
          "font-size": "data(fontSize)",
          color: "#1d2733",
          "text-valign": "bottom",
          "text-halign": "center",
          "text-margin-y": 3,
          "text-wrap": "ellipsis",
          "text-max-width": "160px",
          "text-outline-color": "#ffffff",
          "text-outline-width": 2,
          "text-outline-opacity": 0.9,
          "min-zoomed-font-size": 7,
          "z-index": 10
        }
      },
      {
        selector: "node[kind = 'SUBMITTER']",
        style: { "border-color": "#39424d", "border-width": 1 }
      },
      {
        selector: "node[kind = 'SECTION']",
        style: { "border-color": "#39424d", "border-width": 1 }
      },
      {
        selector: "node[kind = 'CAMPAIGN']",
        style: { "border-color": "#b3261e", "border-width": 2, "background-color": "#f2b8b5" }
      },
      {
        selector: "edge",
        style: {
          width: "data(width)",
          "line-color": "#8d99a6",
          opacity: 0.45,
          "curve-style": "haystack",
          "haystack-radius": 0,
          "z-index": 1
        }
      },
      {
        selector: ".faded",
        style: { opacity: 0.12, "text-opacity": 0.25 }
      },
      {
        selector: "node.match",
        style: {
          "border-width": 4,
          "border-color": "#111111",
          "font-weight": "bold",
          "z-index": 30
        }
      },
      {
        selector: "node.neighbour",
        style: { opacity: 1 }
      },
      {
        selector: "edge.highlight",
        style: { "line-color": "#39424d", opacity: 0.8, "z-index": 20 }
      },
      {
        selector: "node:selected",
        style: {
          "border-width": 5,
          "border-color": "#d6336c",
          "font-weight": "bold",
          "z-index": 40
        }
      }
    ]
  });

  // layoutOptions is the one layout the explorer uses (see arrange), for the
  // API's networks and the synthetic one alike: cytoscape's built-in
  // force-directed cose, started from deterministic positions, with fewer
  // iterations on big graphs.
  function layoutOptions(n) {
    return {
      name: "cose",
      animate: false,
      randomize: false,
      fit: true,
      padding: 30,
      nodeDimensionsIncludeLabels: n <= 200,
      componentSpacing: 40,
      nodeOverlap: 12,
      // Heavier edges are shorter and stiffer (cose divides by the elasticity).
      idealEdgeLength: function (edge) {
        return 32 + 40 / edge.data("weight");
      },
      edgeElasticity: function (edge) {
        return Math.max(6, 48 / edge.data("weight"));
      },
      nodeRepulsion: function (node) {
        return 2500 + 90 * node.data("size");
      },
      gravity: 2.5,
      numIter: n > 300 ? 150 : 1000,
      initialTemp: 400,
      coolingFactor: 0.98,
      minTemp: 1.0
    };
  }

  // arrange lays the graph out: cose on the nodes that have edges, turned a
  // quarter when it is tall in a wide pane (or wide in a tall one), stretched
  // by up to 1.5 times towards the pane's aspect ratio (a force layout makes a
  // round blob; the pane is wide), then the isolated nodes in rows below it,
  // and fits the view. cose would scatter the isolated nodes far away instead.
  function arrange() {
    var isolated = cy.nodes().filter(function (n) {
      return n.degree(false) === 0;
    });
    var linked = cy.elements().not(isolated);
    var w = cy.width() || 800;
    var h = cy.height() || 600;
    var bb = { x1: 0, y1: 0, x2: 0, y2: 0, w: 0, h: 0 };
    if (linked.nonempty()) {
      linked.layout(layoutOptions(linked.nodes().length)).run(); // synchronous: animate is off
      bb = linked.nodes().boundingBox({ includeLabels: false });
      if (bb.w && bb.h && linked.nodes().length >= 3) {
        var want = w / h;
        var cx = bb.x1 + bb.w / 2;
        var cy0 = bb.y1 + bb.h / 2;
        // A tall layout in a wide pane (or the reverse) is turned a quarter:
        // a rotation keeps every distance.
        var turn = (bb.w < bb.h) !== (w < h);
        var have = turn ? bb.h / bb.w : bb.w / bb.h;
        var sx = have < want ? Math.min(want / have, 1.5) : 1;
        var sy = have > want ? Math.min(have / want, 1.5) : 1;
        linked.nodes().positions(function (n) {
          var p = n.position();
          var dx = turn ? p.y - cy0 : p.x - cx;
          var dy = turn ? cx - p.x : p.y - cy0;
          return { x: cx + dx * sx, y: cy0 + dy * sy };
        });
        bb = linked.nodes().boundingBox({ includeLabels: false });
      }
    }
    if (isolated.nonempty()) {
      var step = 110;
      var perRow = Math.max(1, Math.floor(Math.max(bb.w, 4 * step) / step) + 1);
      var x0 = bb.x1 + Math.max(0, bb.w - (Math.min(isolated.length, perRow) - 1) * step) / 2;
      var y0 = linked.nonempty() ? bb.y2 + 90 : 0;
      isolated.sort(function (a, b) {
        return b.data("weight") - a.data("weight");
      }).positions(function (n, i) {
        return { x: x0 + (i % perRow) * step, y: y0 + Math.floor(i / perRow) * 60 };
      });
    }
    fitAll();
  }

  // fitAll zooms and pans so every node and its label (drawn below it) shows.
  // (cy.fit counts only the labels drawn at the current zoom.)
  function fitAll() {
    if (cy.nodes().empty()) return;
    var bb = cy.nodes().boundingBox({ includeLabels: false });
    var x1 = bb.x1 - 50;
    var x2 = bb.x2 + 50;
    var y1 = bb.y1 - 8;
    var y2 = bb.y2 + 28;
    var pad = 20;
    var w = cy.width();
    var h = cy.height();
    var z = Math.min((w - 2 * pad) / (x2 - x1), (h - 2 * pad) / (y2 - y1), 2);
    z = Math.max(cy.minZoom(), Math.min(cy.maxZoom(), z));
    cy.viewport({ zoom: z, pan: { x: (w - z * (x1 + x2)) / 2, y: (h - z * (y1 + y2)) / 2 } });
  }

  // draw replaces the graph with net ({nodes, edges} as topicNetwork returns
  // them), lays it out, and returns the layout time in milliseconds.
  function draw(net) {
    var maxWD = 1;
    var maxW = 1;
    net.nodes.forEach(function (n) {
      maxWD = Math.max(maxWD, n.weightedDegree);
    });
    net.edges.forEach(function (e) {
      maxW = Math.max(maxW, e.weight);
    });
    var known = {};
    cy.nodes().forEach(function (n) {
      known[n.id()] = n.position();
    });
    var radius = 60 * Math.sqrt(net.nodes.length + 1);
    var elements = [];
    net.nodes.forEach(function (n) {
      var r = Math.sqrt(n.weightedDegree / maxWD);
      var h = hash32(n.id);
      var angle = (h % 3600) / 3600 * 2 * Math.PI;
      var dist = radius * (0.2 + 0.8 * ((h >>> 12) % 1000) / 1000);
      elements.push({
        group: "nodes",
        data: {
          id: n.id,
          label: n.label,
          kind: n.kind,
          weight: n.weight,
          degree: n.degree,
          weightedDegree: n.weightedDegree,
          betweenness: n.betweenness,
          community: n.community,
          shape: KIND_SHAPE[n.kind] || "ellipse",
          size: Math.round(14 + 50 * r),
          fontSize: Math.round(12 + 8 * r),
          color: PALETTE[((n.community % PALETTE.length) + PALETTE.length) % PALETTE.length]
        },
        position: known[n.id]
          ? { x: known[n.id].x, y: known[n.id].y }
          : { x: dist * Math.cos(angle), y: dist * Math.sin(angle) }
      });
    });
    net.edges.forEach(function (e, i) {
      elements.push({
        group: "edges",
        data: {
          id: "edge/" + i,
          source: e.source,
          target: e.target,
          weight: e.weight,
          width: Math.round((1 + 9 * Math.sqrt((e.weight - 1) / Math.max(maxW - 1, 1))) * 10) / 10
        }
      });
    });

    // The legend's height changes the pane's: draw it first, then measure.
    renderLegend(net.nodes);
    cy.resize();
    cy.batch(function () {
      cy.elements().remove();
      cy.add(elements);
    });
    var t0 = performance.now();
    arrange();
    var ms = Math.round(performance.now() - t0);

    state.nodeCount = cy.nodes().length;
    state.edgeCount = cy.edges().length;
    state.layoutMs = ms;
    $("node-count").textContent = String(state.nodeCount);
    $("edge-count").textContent = String(state.edgeCount);
    $("status-layout").textContent = "レイアウト " + ms + " ms";
    if (state.selected) {
      var sel = cy.getElementById(state.selected.id);
      if (sel.nonempty()) sel.select();
    }
    applySearch();
    return ms;
  }

  // renderLegend names each community by its heaviest nodes.
  function renderLegend(nodes) {
    var byCommunity = {};
    nodes.forEach(function (n) {
      (byCommunity[n.community] = byCommunity[n.community] || []).push(n);
    });
    var ul = $("legend-communities");
    ul.textContent = "";
    Object.keys(byCommunity).map(Number).sort(function (a, b) {
      return a - b;
    }).slice(0, PALETTE.length).forEach(function (c) {
      var members = byCommunity[c].slice().sort(function (a, b) {
        return b.weightedDegree - a.weightedDegree;
      });
      var li = el("li");
      var sw = el("i", "swatch");
      sw.style.backgroundColor = PALETTE[c % PALETTE.length];
      li.appendChild(sw);
      li.appendChild(el("span", "community-names", members.slice(0, 2).map(function (n) {
        return n.label;
      }).join("・")));
      if (members.length > 2) li.appendChild(el("span", "community-more", "ほか" + (members.length - 2)));
      li.title = members.map(function (n) {
        return n.label;
      }).join("、");
      ul.appendChild(li);
    });
  }

  // ---- search highlighting -----------------------------------------------

  function applySearch() {
    var q = norm(state.search.trim());
    cy.batch(function () {
      cy.elements().removeClass("match faded neighbour highlight");
      if (!q) {
        state.matchCount = 0;
        return;
      }
      var matches = cy.nodes().filter(function (n) {
        return norm(n.data("label")).indexOf(q) >= 0 || norm(n.id()).indexOf(q) >= 0;
      });
      state.matchCount = matches.length;
      cy.elements().addClass("faded");
      matches.removeClass("faded").addClass("match");
      var edges = matches.connectedEdges();
      edges.removeClass("faded").addClass("highlight");
      edges.connectedNodes().not(matches).removeClass("faded").addClass("neighbour");
    });
    $("status-search").textContent = q ? "検索一致 " + state.matchCount : "";
  }

  // ---- loading the network -------------------------------------------------

  var networkSeq = 0;
  // sectionsLoading counts consultation changes whose sections are not in yet.
  var sectionsLoading = 0;

  // withCampaigns adds a node per campaign to net, linked to the topics of its
  // exemplar that net has (evidence in the comment or its section), each link
  // weighing the campaign's size.
  function withCampaigns(net, campaigns) {
    var topics = {};
    net.nodes.forEach(function (n) {
      if (n.kind === "TOPIC") topics[n.id] = true;
    });
    var out = { nodes: net.nodes.slice(), edges: net.edges.slice() };
    campaigns.forEach(function (c) {
      var linked = c.exemplar.topics.filter(function (t) {
        return topics[t.topic.id] && t.evidence.some(function (e) { return e.via !== "RESPONSE"; });
      });
      out.nodes.push({
        id: c.id, label: (KIND_LABEL.CAMPAIGN || "CAMPAIGN") + " ×" + c.size, kind: "CAMPAIGN", weight: c.size,
        degree: linked.length, weightedDegree: c.size * Math.max(linked.length, 1), betweenness: 0, community: -1
      });
      linked.forEach(function (t) {
        out.edges.push({ source: c.id, target: t.topic.id, weight: c.size });
      });
    });
    return out;
  }

  function loadNetwork() {
    var seq = ++networkSeq;
    state.pending = true;
    $("status-loading").hidden = false;
    var f = filter();
    return Promise.all([
      gql(Q_NETWORK, { filter: f, minWeight: state.minWeight, include: include() }),
      state.includeCampaigns ? gql(Q_CAMPAIGNS, { filter: f }) : null
    ])
      .then(function (answers) {
        if (seq !== networkSeq) return; // a newer request is under way
        clearError();
        state.synthetic = false;
        var net = answers[0].topicNetwork;
        draw(answers[1] ? withCampaigns(net, answers[1].campaigns.nodes) : net);
        state.generation++;
        // The panel follows the filter too.
        if (state.selected) loadList(state.selected);
      })
      .catch(function (err) {
        if (seq !== networkSeq) return;
        showError("ネットワークを取得できませんでした", err);
      })
      .then(function () {
        if (seq !== networkSeq) return;
        state.pending = sectionsLoading > 0;
        $("status-loading").hidden = !state.pending;
      });
  }

  var redrawSoon = debounce(loadNetwork, DEBOUNCE_MS);

  // changed records a control change and schedules the redraw.
  function changed() {
    state.pending = true;
    $("status-loading").hidden = false;
    redrawSoon();
  }

  // ---- controls --------------------------------------------------------------

  function fillSelect(select, options, keep) {
    var first = select.options[0];
    select.textContent = "";
    select.appendChild(first);
    options.forEach(function (o) {
      var opt = el("option", null, o[1]);
      opt.value = o[0];
      select.appendChild(opt);
    });
    select.value = options.some(function (o) {
      return o[0] === keep;
    }) ? keep : "";
    return select.value;
  }

  function loadConsultations() {
    return gql(Q_CONSULTATIONS).then(function (data) {
      setLabels(data);
      fillLabelSelects();
      state.consultations = data.consultations;
      fillSelect($("consultation"), data.consultations.map(function (c) {
        return [c.id, c.title];
      }), state.consultation);
      updateTitle();
    });
  }

  function updateTitle() {
    var cs = state.consultations;
    var c = cs.find(function (c) {
      return c.id === state.consultation;
    }) || (cs.length === 1 ? cs[0] : null);
    $("consultation-title").textContent = c
      ? c.ministry + "「" + c.title + "」"
      : cs.length + " 件の意見募集";
  }

  function loadSections() {
    var c = state.consultation || null;
    return gql(Q_SECTIONS, { consultation: c }).then(function (data) {
      var many = !c && state.consultations.length > 1;
      state.section = fillSelect($("section"), data.sections.map(function (s) {
        var depth = s.code.split("-").length - 1;
        var label = "\u3000".repeat(depth) + s.code + (s.title ? " " + s.title : "");
        if (many) label = s.consultation.slug + ": " + label;
        return [s.id, label];
      }), state.section); // a section of another consultation is dropped
    });
  }

  // fillLabelSelects fills the disposition and submitter-kind selects with the
  // labels read from the API (each option's tooltip is the enum value).
  function fillLabelSelects() {
    fillSelect($("disposition"), DISPOSITIONS, state.disposition);
    Array.prototype.forEach.call($("disposition").options, function (o) {
      if (o.value) o.title = o.value;
    });
    fillSelect($("submitter-kind"), SUBMITTER_KINDS, state.submitterKind);
  }

  function bindControls() {
    $("min-weight").value = String(state.minWeight);
    $("min-weight-value").textContent = String(state.minWeight);

    $("consultation").addEventListener("change", function (e) {
      state.consultation = e.target.value;
      updateTitle();
      // Redraw once the section select holds this consultation's sections;
      // until then a redraw for other controls leaves the page pending.
      sectionsLoading++;
      state.pending = true;
      $("status-loading").hidden = false;
      loadSections().catch(function (err) {
        showError("該当箇所を取得できませんでした", err);
      }).then(function () {
        sectionsLoading--;
        changed();
      });
    });
    $("section").addEventListener("change", function (e) {
      state.section = e.target.value;
      changed();
    });
    $("disposition").addEventListener("change", function (e) {
      state.disposition = e.target.value;
      changed();
    });
    $("submitter-kind").addEventListener("change", function (e) {
      state.submitterKind = e.target.value;
      changed();
    });
    $("min-weight").addEventListener("input", function (e) {
      state.minWeight = Number(e.target.value);
      $("min-weight-value").textContent = String(state.minWeight);
      changed();
    });
    $("include-submitters").addEventListener("change", function (e) {
      state.includeSubmitters = e.target.checked;
      changed();
    });
    $("include-sections").addEventListener("change", function (e) {
      state.includeSections = e.target.checked;
      changed();
    });
    $("include-campaigns").addEventListener("change", function (e) {
      state.includeCampaigns = e.target.checked;
      changed();
    });
    var searchSoon = debounce(applySearch, 120);
    $("search").addEventListener("input", function (e) {
      state.search = e.target.value;
      searchSoon();
    });
    // Enter in the search box zooms to the matches instead of submitting.
    $("controls").addEventListener("submit", function (e) {
      e.preventDefault();
      applySearch();
      var m = cy.nodes(".match");
      if (m.nonempty()) cy.animate({ fit: { eles: m.closedNeighborhood(), padding: 60 }, duration: 300 });
    });
    $("error-close").addEventListener("click", clearError);

    cy.on("tap", "node", function (e) {
      var n = e.target;
      selectNode({ id: n.id(), label: n.data("label"), kind: n.data("kind") });
    });
  }

  // ---- the side panel --------------------------------------------------------

  var listSeq = 0;

  function selectNode(sel) {
    state.selected = sel;
    cy.nodes(":selected").unselect();
    var n = cy.getElementById(sel.id);
    if (n.nonempty()) n.select();
    if (state.comment) {
      // Leave the comment view for the new list.
      state.comment = null;
      commentSeq++;
      history.pushState(null, "", location.pathname + location.search);
    }
    loadList(sel);
  }

  // loadList fetches the first page of the selected node's comments under the
  // current filter and shows it (unless a comment is open).
  function loadList(sel) {
    var seq = ++listSeq;
    state.list = { id: sel.id, label: sel.label, kind: sel.kind, loading: true, totalCount: 0, items: [], endCursor: null, hasNextPage: false, error: null };
    if (!state.comment) renderList();
    return fetchPage(sel.id, null).then(function (page) {
      if (seq !== listSeq) return;
      state.list.loading = false;
      if (!page) {
        state.list.error = "見つかりません: " + sel.id;
      } else {
        state.list.totalCount = page.totalCount;
        state.list.items = page.nodes;
        state.list.hasNextPage = page.pageInfo.hasNextPage;
        state.list.endCursor = page.pageInfo.endCursor;
      }
      if (!state.comment) renderList();
    }).catch(function (err) {
      if (seq !== listSeq) return;
      state.list.loading = false;
      state.list.error = err.message;
      showError("意見の一覧を取得できませんでした", err);
      if (!state.comment) renderList();
    });
  }

  function fetchPage(id, after) {
    if (id.indexOf("campaign/") === 0) {
      var f = filter();
      f.campaign = id;
      return gql(Q_CAMPAIGN_COMMENTS, { filter: f, first: PAGE_SIZE, after: after }).then(function (data) {
        return data.comments;
      });
    }
    return gql(Q_NODE_COMMENTS, { id: id, filter: filter(), first: PAGE_SIZE, after: after }).then(function (data) {
      return data.node && data.node.comments ? data.node.comments : null;
    });
  }

  function loadMore() {
    var list = state.list;
    var seq = listSeq;
    list.loading = true;
    renderList();
    fetchPage(list.id, list.endCursor).then(function (page) {
      if (seq !== listSeq || !page) return;
      list.loading = false;
      list.items = list.items.concat(page.nodes);
      list.hasNextPage = page.pageInfo.hasNextPage;
      list.endCursor = page.pageInfo.endCursor;
      renderList();
    }).catch(function (err) {
      list.loading = false;
      showError("意見の一覧を取得できませんでした", err);
      renderList();
    });
  }

  function panelBody() {
    $("panel-empty").hidden = true;
    var body = $("panel-body");
    body.textContent = "";
    $("panel").scrollTop = 0;
    return body;
  }

  function renderList() {
    var list = state.list;
    if (!list) return;
    var body = panelBody();
    var head = el("div", "panel-head");
    head.appendChild(el("span", "kind kind-" + String(list.kind).toLowerCase(), KIND_LABEL[list.kind] || list.kind));
    head.appendChild(el("h2", null, list.label));
    head.appendChild(el("p", "node-id", list.id));
    body.appendChild(head);

    var meta = el("p", "panel-meta");
    if (list.loading && !list.items.length) {
      meta.textContent = "読み込み中…";
    } else if (list.error) {
      meta.className += " panel-error";
      meta.textContent = list.error;
    } else {
      meta.appendChild(document.createTextNode("現在の条件に合う意見 "));
      meta.appendChild(el("b", null, String(list.totalCount))).id = "panel-count";
      meta.appendChild(document.createTextNode(" 件"));
      var cond = describeFilter();
      if (cond) meta.appendChild(el("span", "panel-filter", cond));
    }
    body.appendChild(meta);

    var ol = el("ol", "comment-list");
    ol.id = "comment-list";
    list.items.forEach(function (c) {
      var li = el("li", "comment-item");
      var a = el("a");
      a.href = commentHash(c.id);
      var top = el("span", "item-top");
      top.appendChild(el("span", "num", "No." + c.number));
      top.appendChild(el("span", "submitter", submitterText(c.submitter)));
      a.appendChild(top);
      a.appendChild(el("span", "first-line", firstLine(c.text)));
      a.appendChild(dispositionBadges(c.response.dispositions));
      li.appendChild(a);
      ol.appendChild(li);
    });
    body.appendChild(ol);

    if (list.hasNextPage) {
      var more = el("button", "more", list.loading ? "読み込み中…" : "さらに表示（残り " + (list.totalCount - list.items.length) + " 件）");
      more.type = "button";
      more.disabled = list.loading;
      more.addEventListener("click", loadMore);
      body.appendChild(more);
    }
  }

  function describeFilter() {
    var parts = [];
    if (state.section) {
      var o = $("section").selectedOptions[0];
      parts.push(o ? o.textContent.trim() : state.section);
    }
    if (state.disposition) parts.push(DISPOSITION_LABEL[state.disposition] || state.disposition);
    if (state.submitterKind) {
      var kind = SUBMITTER_KINDS.find(function (k) {
        return k[0] === state.submitterKind;
      });
      parts.push(kind ? kind[1] : state.submitterKind);
    }
    return parts.join(" · ");
  }

  var commentSeq = 0;

  function showComment(id) {
    var seq = ++commentSeq;
    state.comment = { id: id, loading: true, data: null };
    var body = panelBody();
    body.appendChild(backLink());
    body.appendChild(el("p", "panel-meta", "読み込み中…"));
    return gql(Q_COMMENT, { id: id }).then(function (data) {
      if (seq !== commentSeq || !state.comment) return;
      state.comment.loading = false;
      if (!data.node || data.node.number === undefined) {
        var b = panelBody();
        b.appendChild(backLink());
        b.appendChild(el("p", "panel-meta panel-error", "意見が見つかりません: " + id));
        return;
      }
      state.comment.data = data.node;
      renderComment(data.node);
    }).catch(function (err) {
      if (seq !== commentSeq) return;
      showError("意見を取得できませんでした", err);
      var b = panelBody();
      b.appendChild(backLink());
      b.appendChild(el("p", "panel-meta panel-error", err.message));
    });
  }

  function backLink() {
    var a = el("a", "back", state.list ? "← " + state.list.label + " の一覧へ" : "← 一覧へ");
    a.href = "#";
    a.addEventListener("click", function (e) {
      e.preventDefault();
      history.pushState(null, "", location.pathname + location.search);
      route();
    });
    return a;
  }

  function renderComment(c) {
    var body = panelBody();
    body.appendChild(backLink());
    var art = el("article", "comment");
    art.id = "comment-detail";
    var head = el("div", "panel-head");
    head.appendChild(el("span", "kind kind-comment", "意見 No." + c.number));
    head.appendChild(el("h2", null, submitterText(c.submitter)));
    head.appendChild(el("p", "node-id", c.id));
    art.appendChild(head);

    var dl = el("dl", "facts");
    dl.appendChild(el("dt", null, "意見募集"));
    dl.appendChild(el("dd", null, c.consultation.title));
    dl.appendChild(el("dt", null, "該当箇所"));
    dl.appendChild(el("dd", null, c.section ? c.section.code + (c.section.title ? " " + c.section.title : "") : "（全般）"));
    dl.appendChild(el("dt", null, "トピック"));
    var dd = el("dd", "chips");
    if (!c.topics.length) dd.textContent = "—";
    c.topics.forEach(function (t) {
      var chip = el("button", "chip", t.topic.label);
      chip.type = "button";
      var vias = t.evidence.map(function (ev) {
        return (VIA_LABEL[ev.via] || ev.via) + ": " + ev.surface;
      });
      chip.title = t.topic.id + "\n" + vias.join("\n");
      if (t.evidence.every(function (ev) {
        return ev.via === "RESPONSE";
      })) chip.className += " chip-response";
      chip.addEventListener("click", function () {
        focusNode(t.topic.id);
      });
      dd.appendChild(chip);
    });
    dl.appendChild(dd);
    art.appendChild(dl);

    art.appendChild(el("h3", null, "御意見"));
    art.appendChild(el("div", "text", c.text));

    art.appendChild(el("h3", null, "御意見に対する考え方"));
    var resp = el("div", "response");
    resp.appendChild(dispositionBadges(c.response.dispositions));
    var ev = el("ul", "evidence");
    c.response.evidence.forEach(function (e) {
      if (!e.phrase) return;
      var li = el("li");
      li.appendChild(el("b", null, DISPOSITION_LABEL[e.disposition] || e.disposition));
      li.appendChild(document.createTextNode("：「" + e.phrase + "」"));
      ev.appendChild(li);
    });
    if (ev.childNodes.length) resp.appendChild(ev);
    resp.appendChild(el("div", "text", c.response.text));
    art.appendChild(resp);
    body.appendChild(art);
  }

  // focusNode selects a node of the graph and centres it, if it is drawn.
  function focusNode(id) {
    var n = cy.getElementById(id);
    if (n.empty()) return;
    cy.nodes(":selected").unselect();
    n.select();
    cy.animate({ center: { eles: n }, zoom: Math.max(cy.zoom(), 1.2), duration: 300 });
  }

  // route shows what the URL's hash says: #comment=<id>, else the list.
  function route() {
    var m = /^#comment=(.+)$/.exec(location.hash);
    if (m) {
      var id;
      try {
        id = decodeURIComponent(m[1]);
      } catch (e) {
        id = m[1];
      }
      showComment(id);
      return;
    }
    state.comment = null;
    commentSeq++;
    if (state.list) {
      renderList();
    } else {
      $("panel-body").textContent = "";
      $("panel-empty").hidden = false;
    }
  }

  // ---- synthetic networks (layout timing) ------------------------------------

  // drawSynthetic draws a random network of n nodes and m edges with the same
  // styling and layout as the API's networks, and returns the layout time in ms.
  function drawSynthetic(n, m) {
    var rand = rng(20200625 + n * 7919 + m);
    var communities = Math.max(2, Math.round(Math.sqrt(n) / 2));
    var kinds = ["TOPIC", "TOPIC", "TOPIC", "TOPIC", "SUBMITTER", "SECTION"];
    var nodes = [];
    for (var i = 0; i < n; i++) {
      nodes.push({
        id: "synthetic/" + i,
        label: "ノード" + i,
        kind: kinds[Math.floor(rand() * kinds.length)],
        weight: 1,
        degree: 0,
        weightedDegree: 0,
        betweenness: 0,
        community: i % communities
      });
    }
    var seen = {};
    var edges = [];
    var limit = Math.min(m, n * (n - 1) / 2);
    while (edges.length < limit) {
      var a = Math.floor(rand() * n);
      // Mostly within a community, so the layout has structure to find.
      var b = rand() < 0.7
        ? (Math.floor(rand() * Math.ceil(n / communities)) * communities + (a % communities)) % n
        : Math.floor(rand() * n);
      if (a === b) continue;
      var s = Math.min(a, b);
      var t = Math.max(a, b);
      if (seen[s + "-" + t]) continue;
      seen[s + "-" + t] = true;
      var w = 1 + Math.floor(Math.pow(rand(), 3) * 6);
      edges.push({ source: nodes[s].id, target: nodes[t].id, weight: w });
      nodes[s].degree++;
      nodes[t].degree++;
      nodes[s].weightedDegree += w;
      nodes[t].weightedDegree += w;
    }
    networkSeq++; // a network request still under way must not replace this one
    state.synthetic = true;
    state.pending = false;
    state.selected = null;
    $("status-loading").hidden = true;
    var ms = draw({ nodes: nodes, edges: edges });
    state.generation++;
    return ms;
  }

  // ---- start -----------------------------------------------------------------

  window.pcgraphExplorer = {
    cy: cy,
    state: state,
    filter: filter,
    include: include,
    drawSynthetic: drawSynthetic,
    fit: fitAll,
    selectNode: function (id) {
      var n = cy.getElementById(id);
      selectNode({ id: id, label: n.nonempty() ? n.data("label") : id, kind: n.nonempty() ? n.data("kind") : "TOPIC" });
    }
  };

  // cytoscape measures its container only on window resizes; the pane also
  // changes when the controls wrap or the legend grows.
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      cy.resize();
    }).observe($("cy"));
  }

  bindControls();
  window.addEventListener("hashchange", route);
  loadConsultations()
    .then(loadSections)
    .catch(function (err) {
      showError("意見募集を取得できませんでした", err);
    });
  loadNetwork();
  if (location.hash) route();
})();
