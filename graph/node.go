package graph

// Node is anything in the graph with a stable ID: the GraphQL Node interface is bound to
// it, and Snapshot.Node returns one.
type Node interface{ NodeID() string }

func (c Consultation) NodeID() string { return c.ID }
func (c Comment) NodeID() string      { return c.ID }
func (r Response) NodeID() string     { return r.ID }
func (s Submitter) NodeID() string    { return s.ID }
func (o Organization) NodeID() string { return o.ID }
func (s Section) NodeID() string      { return s.ID }
func (t Topic) NodeID() string        { return t.ID }
