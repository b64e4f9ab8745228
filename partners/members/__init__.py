"""Partners (会員): individual and group membership, staff review, member records, CSV import and export."""
