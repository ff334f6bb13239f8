# Models of this capability land with its issue.
