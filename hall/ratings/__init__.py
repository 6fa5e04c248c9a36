"""好差评: ratings of tickets and cases, and the follow-up of every bad rating."""
