"""Who did what to whose personal data, and when (個人情報保護法: staff actions on personal data are logged)."""
