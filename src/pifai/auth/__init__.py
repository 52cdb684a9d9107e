"""Registration, login, token rotation, organisation switching, login throttling."""
