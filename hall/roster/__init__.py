"""带班领导: who leads the hall on which date."""
