"""Services people sign up to: 托管班, 免费体检, 疗休养, 技能培训班, 文体活动."""
