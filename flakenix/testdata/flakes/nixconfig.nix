{
  description = "With nixConfig and no explicit inputs";
  nixConfig = {
    extra-substituters = [ "https://example.cachix.org" ];
    extra-trusted-public-keys = [ "example.cachix.org-1:AAAA" ];
  };
  nixConfig.bash-prompt = "dev> ";
  outputs = { self, nixpkgs }: { };
}
