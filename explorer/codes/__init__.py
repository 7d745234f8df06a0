"""The Bits & codes page: cross-entropy as the length of a code built for Q, used on P."""
