"""Checks across records of a batch: self-evaluations paired with their target forms, projects across years."""
