"""The assessment workspace: claiming work, the protected viewer, exposure, facts to verdicts."""
