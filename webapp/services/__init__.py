"""The domain: everything that views, jobs and CLI commands share."""
