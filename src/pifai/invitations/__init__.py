"""Invitations into an organisation, accepted once by an emailed link."""
