"""RUN011's fixtures come from the same throwaway clusters as RUN010's: this runs RUN010's recorder, which
writes both (``uv run python -m checks.running.RUN011_multixact_wraparound.record_fixtures``)."""

from checks.running.RUN010_xid_wraparound.record_fixtures import main

if __name__ == "__main__":
    main()
