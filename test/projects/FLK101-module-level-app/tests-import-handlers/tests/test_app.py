def test_rev():
    from app import rev

    assert rev("ab") == "ba"
