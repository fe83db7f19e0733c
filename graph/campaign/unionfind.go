package campaign

// unionFind is a disjoint-set forest over 0…n-1, with path halving and union by size;
// the root of a set is its smallest member, so that groups are named by their exemplar.
type unionFind struct {
	parent []int
	size   []int
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int, n), size: make([]int, n)}
	for i := range u.parent {
		u.parent[i], u.size[i] = i, 1
	}
	return u
}

func (u *unionFind) find(x int) int {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if ra > rb {
		ra, rb = rb, ra
	}
	// The smaller index stays root; union by size is given up for that, and path
	// halving keeps the trees shallow enough.
	u.parent[rb] = ra
	u.size[ra] += u.size[rb]
}
