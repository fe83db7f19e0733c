package synth

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/pcgraph/pcgraph/graph/orgname"
)

// Organizations recur across consultations: the same industry association answers
// consultation after consultation, and "did the same organization raise the same topic
// again?" (docs/ARCHITECTURE.md, "Questions") needs that in the data. One consultation
// cannot show how often, so the pool is an assumption, stated here:
//
//   - Organizations are drawn from one pool shared by all consultations, without
//     replacement within a consultation (an organization is one submitter there).
//   - Popularity is Zipf-like (weight 1/rank): a few organizations comment almost
//     everywhere, most only once or twice.
//   - The pool is sized so that an organization would comment in about orgRecurrence
//     consultations on average; a consultation that needs more organizations than the
//     pool has adds new, unpopular ones, so when one consultation holds most of the
//     comments, most organizations comment there only (5,000 comments over 5
//     consultations: 579 organizations, 151 in several; 100,000 over 20: 5,681 and 3,682).
//   - Each organization behaves like one real organization (its persona) wherever it
//     comments, so it raises the same topics again, as real ones do.
//
// The names are made up from parts (names[Stem]…): a synthetic corpus must not put words
// in the mouths of the real organizations of the bundled table.
const (
	orgRecurrence = 2.5
	zipfExponent  = 1.0
)

// organization is a member of the pool.
type organization struct {
	name          string
	persona       int // index into model.orgs
	consultations int // consultations it comments in (counted by the plan)
}

// orgPool is the pool and the state needed to draw from it.
type orgPool struct {
	orgs  []organization
	cum   []float64       // cumulative popularity, for sampling
	names map[string]bool // orgname.Key of the names made up
	deck  []int           // personas not yet given out in this round (personas are dealt evenly)
	m     *model
}

func newOrgPool(m *model, r *rand.Rand, size int) *orgPool {
	p := &orgPool{m: m, names: map[string]bool{}}
	for range max(1, size) {
		p.mint(r)
	}
	return p
}

// mint adds an organization at the tail of the popularity ranking.
func (p *orgPool) mint(r *rand.Rand) int {
	if len(p.deck) == 0 {
		p.deck = r.Perm(len(p.m.orgs))
	}
	persona := p.deck[len(p.deck)-1]
	p.deck = p.deck[:len(p.deck)-1]
	i := len(p.orgs)
	p.orgs = append(p.orgs, organization{name: p.newName(r), persona: persona})
	w := math.Pow(float64(i+1), -zipfExponent)
	if i > 0 {
		w += p.cum[i-1]
	}
	p.cum = append(p.cum, w)
	return i
}

// sample draws an organization by popularity, with replacement.
func (p *orgPool) sample(r *rand.Rand) int {
	x := r.Float64() * p.cum[len(p.cum)-1]
	i, _ := slices.BinarySearch(p.cum, x)
	return min(i, len(p.cum)-1)
}

func (p *orgPool) weight(i int) float64 {
	if i == 0 {
		return p.cum[0]
	}
	return p.cum[i] - p.cum[i-1]
}

// picker draws the organizations of one consultation without replacement.
type picker struct {
	pool  *orgPool
	used  map[int]bool
	order []int // once drawing by rejection gets slow: the unused ones in drawn order
	pos   int
}

func (p *orgPool) picker() *picker { return &picker{pool: p, used: map[int]bool{}} }

// next draws an organization not drawn before in this consultation. It samples with
// replacement and rejects repeats while that is cheap; once the consultation has used up
// most of the popular ones it orders all unused ones at once (Efraimidis–Spirakis keys,
// the same distribution) and takes them in turn; past the end of the pool it adds one.
func (pk *picker) next(r *rand.Rand) int {
	if pk.order == nil {
		for range 16 {
			if i := pk.pool.sample(r); !pk.used[i] {
				pk.used[i] = true
				return i
			}
		}
		type keyed struct {
			i   int
			key float64
		}
		var ks []keyed
		for i := range pk.pool.orgs {
			if !pk.used[i] {
				ks = append(ks, keyed{i, math.Log(1-r.Float64()) / pk.pool.weight(i)})
			}
		}
		slices.SortFunc(ks, func(a, b keyed) int { return cmp.Compare(b.key, a.key) })
		pk.order = make([]int, len(ks))
		for j, k := range ks {
			pk.order[j] = k.i
		}
	}
	var i int
	if pk.pos < len(pk.order) {
		i = pk.order[pk.pos]
		pk.pos++
	} else {
		i = pk.pool.mint(r)
	}
	pk.used[i] = true
	return i
}

// Name parts: invented stems and fields, and legal forms like those of the bundled
// table's names (協議会, 協会, ジャパン, 合同会社) and other common ones.
var (
	nameStems = []string{
		"日本", "東京", "関西", "九州", "北海道", "中部", "東北", "瀬戸内", "さくら", "みらい", "あおば",
		"ひかり", "つばさ", "アルファ", "オメガ", "ノヴァ", "アクシス", "ゼニス", "ルミナ", "ネクサス",
		"オリオン", "シリウス", "ヴェガ", "アトラス", "ミネルバ", "ヘリオス", "コスモ", "パシフィック",
		"アジア", "フロンティア", "ユニバーサル", "スカイ", "ブルー", "セントラル", "トライ", "クロス",
		"ジェネシス", "ユナイテッド", "エース", "ワールド", "ネオ", "テクノ", "サン", "ミライ",
	}
	nameFields = []string{
		"IoT", "セキュリティ", "サイバー", "クラウド", "情報通信", "ネットワーク", "ソフトウェア", "データ",
		"デジタル", "通信", "電子認証", "トラスト", "モバイル", "システム", "インフラ", "情報処理",
		"無線", "ICT", "半導体", "ソリューション", "テレコム", "プラットフォーム", "エレクトロニクス",
	}
	nameForms = []string{
		"協議会", "協会", "推進協議会", "株式会社", "ジャパン", "ジャパン合同会社", "合同会社", "工業会",
		"研究所", "コンソーシアム", "フォーラム", "連盟", "事業者協会", "技術協会", "ホールディングス",
	}
)

// newName makes up an organization name not used before, nor written like one used
// before: names that differ only in their legal form (…株式会社, …合同会社) are one
// organization to the loader (graph/orgname), so they are compared by key.
func (p *orgPool) newName(r *rand.Rand) string {
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	for range 20 {
		n := pick(nameStems) + pick(nameFields) + pick(nameForms)
		if k := orgname.Key(n); !p.names[k] {
			p.names[k] = true
			return n
		}
	}
	// The combinations are running out (tens of thousands of organizations): number them.
	for i := 2; ; i++ {
		n := fmt.Sprintf("%s%s%s%d", pick(nameStems), pick(nameFields), pick(nameForms), i)
		if k := orgname.Key(n); !p.names[k] {
			p.names[k] = true
			return n
		}
	}
}
