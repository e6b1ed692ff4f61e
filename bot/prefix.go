package bot

// FlakeDir is the flake directory relative to the repository's top, with
// forward slashes; "" when the flake is at the top. Files of the base
// branch are named with it in messages and pull requests, never with a
// path of the machine the bot runs on.
func (s *State) FlakeDir() string { return s.l.Prefix }
