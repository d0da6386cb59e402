"""Job posts, 零工 short jobs, 带岗直播 sessions and workers' applications."""
