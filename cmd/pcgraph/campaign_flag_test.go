package main

import (
	"strings"
	"testing"
)

// TestServeCampaignThreshold: a threshold outside (0, 1] is refused before anything is
// opened.
func TestServeCampaignThreshold(t *testing.T) {
	for _, v := range []string{"0", "1.5", "-0.2"} {
		_, stderr, code := run(t, "serve", "--store", "memory", "--campaign-threshold", v)
		if code == 0 || !strings.Contains(stderr, "campaign threshold") {
			t.Errorf("serve --campaign-threshold %s: exit %d, stderr %q; want a refusal naming the threshold", v, code, stderr)
		}
	}
}
