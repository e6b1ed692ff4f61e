package prbody

import "testing"

func TestCode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		cell bool
		want string
	}{
		{"nixpkgs", false, "`nixpkgs`"},
		{"a`b", false, "``a`b``"},
		{"`a``", false, "``` `a`` ```"},
		{"a|b", true, "`a\\|b`"},
		{"a|b", false, "`a|b`"},
		{"a\nb", false, "`a b`"},
		{" a ", false, "`  a  `"},
		{"", false, ""},
	} {
		if got := code(tc.in, tc.cell); got != tc.want {
			t.Errorf("code(%q, %v) = %q, want %q", tc.in, tc.cell, got, tc.want)
		}
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"nixos-23.11":             "nixos-23.11",
		"<script>*x*</script>":    `\<script\>\*x\*\</script\>`,
		"@team #1 $a$ [l](u) a|b": `\@team \#1 \$a\$ \[l\](u) a\|b`,
		"a\nb\\c":                 `a b\\c`,
	} {
		if got := text(in); got != want {
			t.Errorf("text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFenceFor(t *testing.T) {
	for in, want := range map[string]string{"x": "```", "``": "```", "a ``` b": "````", "`````": "``````"} {
		if got := fenceFor(in); got != want {
			t.Errorf("fenceFor(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsBot(t *testing.T) {
	if IsBot("Bump nixpkgs\n\n<!-- flake-unify -->") || !IsBot("text\n"+Marker+"\n") {
		t.Error("IsBot must recognise exactly the marker")
	}
}

func TestShorten(t *testing.T) {
	long := "the next `nix flake lock` undoes a/nixpkgs, b/nixpkgs, c/nixpkgs, d/nixpkgs, e/nixpkgs"
	const want = "the next `nix flake lock` undoes a/nixpkgs … (`flake-unify plan` prints it whole)"
	if got := shorten(long, 85); got != want || runes(got) > 85 {
		t.Errorf("shorten = %q (%d runes), want %q", got, runes(got), want)
	}
	if shorten("short", 60) != "short" {
		t.Error("a short warning must stay whole")
	}
}
