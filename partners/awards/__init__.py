"""The SDGs Award (つくばSDGsアワード): rounds, applications, judging, results, decision and publication."""
