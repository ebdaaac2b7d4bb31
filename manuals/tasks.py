from django.tasks import task

from manuals.ingestion import ingest_document


@task
def ingest_manual(document_id: str) -> str:
    """Split an uploaded manual into sections (see manuals.ingestion); returns its status."""
    return ingest_document(document_id=document_id)
