{
	description = "Tab-indented";
	inputs = {
		nixpkgs.url = "github:NixOS/nixpkgs";
		devshell = {
			url = "github:numtide/devshell";
		};
	};
	outputs = { self, nixpkgs, devshell }: { };
}
