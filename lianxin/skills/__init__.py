"""工匠学院 courses' credits, skill certificates and the 学分银行 credit account."""
