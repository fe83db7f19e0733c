package store

// The vocabulary: the IRIs the knowledge graph is written with. Node IRIs are the readable
// IDs behind the "pcgraph:" scheme (pcgraph:comment/<slug>/1), so that Cayley queries can
// name them; predicates and classes live under "pcgraph:vocab/".

// NodePrefix turns an ID into a node IRI.
const NodePrefix = "pcgraph:"

// Vocab is the namespace of predicates and classes.
const Vocab = "pcgraph:vocab/"

// RDFType is rdf:type.
const RDFType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

// Classes (objects of rdf:type).
const (
	ClassConsultation = Vocab + "Consultation"
	ClassComment      = Vocab + "Comment"
	ClassResponse     = Vocab + "Response"
	ClassSubmitter    = Vocab + "Submitter"
	ClassOrganization = Vocab + "Organization"
	ClassSection      = Vocab + "Section"
	ClassTopic        = Vocab + "Topic"
	ClassDisposition  = Vocab + "Disposition"
	ClassDraftPage    = Vocab + "DraftPage"
	ClassResponseText = Vocab + "ResponseText"
	ClassMention      = Vocab + "TopicMention"
	ClassAssignment   = Vocab + "DispositionAssignment"
	ClassPageRef      = Vocab + "PageRef"
	ClassSectionRef   = Vocab + "SectionRef"
)

// Predicates. The edges (docs/ARCHITECTURE.md, "The graph") are written directly (comment
// mentions topic) so that ad-hoc traversals stay short; the evidence of an edge (surface
// form, phrase, order) hangs off a small node of its own (comment has mention, mention
// topic …).
const (
	// edges
	PredHas             = Vocab + "has"              // consultation → comment
	PredHasSubmitter    = Vocab + "hasSubmitter"     // consultation → submitter
	PredHasSection      = Vocab + "hasSection"       // consultation → section
	PredUsesTopic       = Vocab + "usesTopic"        // consultation → topic (its taxonomy)
	PredSubmittedBy     = Vocab + "submittedBy"      // comment → submitter
	PredIsOrganization  = Vocab + "isOrganization"   // submitter → organization
	PredAbout           = Vocab + "about"            // comment → section
	PredPartOf          = Vocab + "partOf"           // section → section
	PredRefersToPage    = Vocab + "refersToPage"     // comment → draft page
	PredMentions        = Vocab + "mentions"         // comment → topic
	PredBroader         = Vocab + "broader"          // topic → topic
	PredAnsweredBy      = Vocab + "answeredBy"       // comment → response
	PredHasDisposition  = Vocab + "hasDisposition"   // response → disposition
	PredRefersToSection = Vocab + "refersToSection"  // response → section
	PredSameTextAs      = Vocab + "sameTextAs"       // response → response text
	PredHasMention      = Vocab + "hasMention"       // comment → mention (evidence)
	PredHasPageRef      = Vocab + "hasPageRef"       // comment → page reference (evidence)
	PredHasAssignment   = Vocab + "hasAssignment"    // response → disposition assignment (evidence)
	PredHasSectionRef   = Vocab + "hasSectionRef"    // response → section reference (evidence)
	PredTopic           = Vocab + "topic"            // mention → topic
	PredPage            = Vocab + "page"             // page reference → draft page
	PredDisposition     = Vocab + "disposition"      // assignment → disposition
	PredSection         = Vocab + "section"          // section reference → section
	PredTopicForSection = Vocab + "aboutSectionCode" // topic → section code (literal)
	PredConsultationOf  = Vocab + "consultation"     // submitter/section/comment → consultation
	PredRevision        = Vocab + "revision"         // consultation → revision number (changes on every write)
	PredSourceFile      = Vocab + "sourceFile"
	PredSourceLine      = Vocab + "sourceLine"
	PredRawCell         = Vocab + "rawCell"   // one per cell: "<column>\t<text>" keeps the order
	PredAttribute       = Vocab + "attribute" // one per extra column: "<order>\t<header>\t<cell>"
	PredHeading         = Vocab + "heading"   // the group heading the row stands under
	PredSameAs          = Vocab + "sameAs"    // response → the comment whose answer it points to
	PredSameAsSurface   = Vocab + "sameAsSurface"
	PredNumber          = Vocab + "number"
	PredText            = Vocab + "text"
	PredHTML            = Vocab + "html"
	PredLabel           = Vocab + "label"
	PredLabelEn         = Vocab + "labelEn"
	PredName            = Vocab + "name"
	PredKind            = Vocab + "kind"
	PredSlug            = Vocab + "slug"
	PredTitle           = Vocab + "title"
	PredMinistry        = Vocab + "ministry"
	PredDeadline        = Vocab + "deadline"
	PredFormat          = Vocab + "format"
	PredCode            = Vocab + "code"
	PredChapter         = Vocab + "chapter"
	PredAlias           = Vocab + "alias"
	PredVia             = Vocab + "via"
	PredSurface         = Vocab + "surface"
	PredEvidence        = Vocab + "evidence"
	PredLines           = Vocab + "lines"
	PredOrder           = Vocab + "order"
	PredRaw             = Vocab + "raw"
)
