package synth

import (
	"math"
	"math/rand/v2"

	"github.com/pcgraph/pcgraph/graph"
)

// The plan decides, before any text is written, how big each consultation is and who
// comments in it. It is drawn from one random stream in one pass, because the
// organization pool is shared: which organizations comment in consultation 2 depends on
// the pool as consultation 1 left it. Writing the text is then independent per
// consultation.

// plan is the whole corpus before its text is written.
type plan struct {
	consultations []consultationPlan
	pool          *orgPool
}

// consultationPlan is one consultation: its size and its submitters.
type consultationPlan struct {
	index      int // 0-based; the slug is Slug(index)
	comments   int
	submitters []submitterPlan
	deadline   int // days after the bundled consultation's deadline
}

// submitterPlan is one 意見提出者 of a consultation.
type submitterPlan struct {
	kind    graph.SubmitterKind
	cell    string // the 意見提出者 cell: 法人C(name), 個人B, 個人(多数)
	order   int    // position of the label in the table's order (法人A before 法人B …)
	persona persona
	count   int // comments it writes
}

// Random streams: the plan has one, consultation k has streamConsultation+k.
const (
	streamPlan         = 0x706c616e // "plan"
	streamConsultation = 0x636f6e73_00000000
)

func newRand(seed, stream uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, stream)) }

func newPlan(m *model, o Options) *plan {
	r := newRand(o.Seed, streamPlan)
	sizes := consultationSizes(r, o.Comments, o.Consultations, m.maxRows)

	// Size the pool from the organizations the consultations are expected to need.
	perOrg := float64(commentsOf(m.orgs)) / float64(max(1, len(m.orgs)))
	slots := float64(o.Comments) * m.orgShare / perOrg
	p := &plan{pool: newOrgPool(m, r, int(math.Ceil(slots/min(orgRecurrence, float64(o.Consultations)))))}

	for k, n := range sizes {
		c := consultationPlan{index: k, comments: n, deadline: r.IntN(5 * 365)}
		groups := stochasticRound(r, float64(n)*m.groupShare)
		individuals := min(n-groups, stochasticRound(r, float64(n)*m.individualShare))
		orgs := n - groups - individuals
		if len(m.groups) == 0 {
			orgs, groups = orgs+groups, 0
		}
		if len(m.individuals) == 0 {
			orgs, individuals = orgs+individuals, 0
		}

		var subs []submitterPlan
		pk := p.pool.picker()
		for left := orgs; left > 0; {
			i := pk.next(r)
			org := &p.pool.orgs[i]
			org.consultations++
			s := submitterPlan{kind: graph.KindOrganization, persona: m.orgs[org.persona]}
			s.count = min(left, jitter(r, len(s.persona.comments)))
			s.cell = org.name // the label is added below, once the count of organizations is known
			left -= s.count
			subs = append(subs, s)
		}
		labelled(r, subs, "法人", true)

		var people []submitterPlan
		for left := individuals; left > 0; {
			s := submitterPlan{kind: graph.KindIndividual, persona: m.individuals[r.IntN(len(m.individuals))]}
			s.count = min(left, jitter(r, len(s.persona.comments)))
			left -= s.count
			people = append(people, s)
		}
		labelled(r, people, "個人", false)
		subs = append(subs, people...)

		if groups > 0 {
			g := m.groups[r.IntN(len(m.groups))]
			subs = append(subs, submitterPlan{kind: graph.KindGroup, cell: g.cell, persona: g, count: groups})
		}
		c.submitters = subs
		p.consultations = append(p.consultations, c)
	}
	return p
}

// labelled gives submitters their per-consultation labels 法人A, 法人B, … in a random
// order, as the real table letters them (its first row is 法人F's).
func labelled(r *rand.Rand, subs []submitterPlan, prefix string, named bool) {
	for i, j := range r.Perm(len(subs)) {
		s := &subs[i]
		s.order = j
		label := prefix + letters(j)
		if named {
			s.cell = label + "(" + s.cell + ")"
		} else {
			s.cell = label
		}
	}
}

// jitter varies a real submitter's number of comments by up to ±40%, keeping its mean, so
// that copies of one persona do not all write the same number of comments.
func jitter(r *rand.Rand, n int) int {
	return max(1, int(math.Round(float64(n)*(0.6+0.8*r.Float64()))))
}

// stochasticRound rounds x up with probability equal to its fraction, so that shares of
// small consultations are right on average (a 5-comment consultation gets an individual
// now and then, not never).
func stochasticRound(r *rand.Rand, x float64) int {
	f := math.Floor(x)
	if r.Float64() < x-f {
		return int(f) + 1
	}
	return int(f)
}

func commentsOf(ps []persona) int {
	n := 0
	for _, p := range ps {
		n += len(p.comments)
	}
	return n
}

// letters returns the i-th label suffix: A … Z, AA, AB, …
func letters(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// organizationCounts returns how many organizations commented, and how many of them in
// two or more consultations.
func (p *plan) organizationCounts() (orgs, recurring int) {
	for _, o := range p.pool.orgs {
		if o.consultations > 0 {
			orgs++
		}
		if o.consultations > 1 {
			recurring++
		}
	}
	return orgs, recurring
}
