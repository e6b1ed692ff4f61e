# The flake-unify package, as the root flake.nix builds it for each system
# and puts it into its overlay.
{ lib, stdenv, buildGoModule, go, installShellFiles, src, version }:

# go.mod asks for Go 1.26 and nixpkgs builds with GOTOOLCHAIN=local: say so
# plainly instead of letting go fail deep in the build.
if !(lib.versionAtLeast go.version "1.26") then
  throw "flake-unify needs Go 1.26 or newer, this nixpkgs has Go ${go.version}: build it with a newer nixpkgs (e.g. nixos-unstable)"
else

buildGoModule {
  pname = "flake-unify";
  inherit src version;

  # The hash of `go mod vendor`'s tree; a test recomputes it from go.sum
  # (nix hash path of the vendored tree) and names the new value when a
  # dependency changes.
  vendorHash = "sha256-zIX6Zzq2KMuzEc2ejBFbzfCPjQiiyUjtBnmOC3kqD/Q=";

  # flake-unify runs the commands that only read; it hands apply, pr,
  # completion and man to flake-unify-full, which links git and the forge
  # clients, from the same bin directory.
  subPackages = [ "cmd/flake-unify" "cmd/flake-unify-full" ];
  env.CGO_ENABLED = 0;
  ldflags = [ "-s" "-w" "-X main.version=${version}" ];

  # The repository's tests run real Nix, git and Gitea, which the build
  # sandbox does not have; CI runs them.
  doCheck = false;

  nativeBuildInputs = [ installShellFiles ];
  postInstall = lib.optionalString (stdenv.buildPlatform.canExecute stdenv.hostPlatform) ''
    installShellCompletion --cmd flake-unify \
      --bash <($out/bin/flake-unify completion bash) \
      --zsh <($out/bin/flake-unify completion zsh) \
      --fish <($out/bin/flake-unify completion fish)
    $out/bin/flake-unify man > flake-unify.1
    installManPage flake-unify.1
  '';

  meta = {
    description = "Make every input of a Nix flake share one nixpkgs";
    homepage = "https://github.com/flake-unify/flake-unify";
    mainProgram = "flake-unify";
  };
}
