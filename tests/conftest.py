import os, pytest

def pytest_configure(config):
    config.addinivalue_line("markers", "real: loads the embedded SmolLM2-135M-Instruct model (slower)")
    config.addinivalue_line("markers", "browser: opens the docs in headless Chromium (needs `make browser`)")

@pytest.fixture(scope="session")
def real_model():
    "The embedded model, loaded once per test session."
    from actrm_lab.models import load_model
    return load_model()
