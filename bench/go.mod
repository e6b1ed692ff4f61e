module github.com/flake-unify/flake-unify/bench

go 1.26.0
