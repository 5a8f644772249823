"""Operations: backups and pre-flight checks for a production server."""
