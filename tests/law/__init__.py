"""Tests of clearhold.law: the closure-power rules, clocks and validations."""
