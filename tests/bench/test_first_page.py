"""bench/first_page.py's table, from figures worked by hand."""

from __future__ import annotations

from bench.first_page import FirstPage, report


def test_the_table_gives_each_server_s_medians_and_serve_py_s_share_of_app_py_s():
    seen = [FirstPage("app.py", 2.0, 1.5, 4.0, 2.0, 1.2, 0.3, 2.2),
            FirstPage("serve.py", 3.0, 2.5, 3.0, 1.0, 1.2, 0.3, 1.1),
            FirstPage("app.py", 2.2, 1.7, 5.0, None, 1.4, 0.3, 2.0),
            FirstPage("serve.py", 3.4, 2.7, 3.5, 1.2, 1.0, 0.3, 1.1)]
    lines = report(seen)
    assert lines[0] == ("| server | start | start cpu | first | first answer | second | "
                        "second answer | pages cpu |")
    assert lines[4] == "| app.py | 2.20 | 1.70 | 5.00 | – | 1.40 | 0.30 | 2.00 |"
    # app.py: start (2.0+2.2)/2 = 2.10, first (4+5)/2 = 4.50, its one answer read 2.00, pages
    # CPU (2.2+2.0)/2 = 2.10; serve.py: 3.20, 3.25, 1.10, 1.10
    assert lines[6] == "| **app.py, median** | 2.10 | 1.60 | 4.50 | 2.00 | 1.30 | 0.30 | 2.10 |"
    assert lines[7] == ("| **serve.py, median** | 3.20 | 2.60 | 3.25 | 1.10 | 1.10 | 0.30 | "
                        "1.10 |")
    # 3.2/2.1 = 1.52, 2.6/1.6 = 1.62, 3.25/4.5 = 0.72, 1.1/2.0 = 0.55, 1.1/1.3 = 0.85,
    # 1.0, 1.1/2.1 = 0.52
    assert lines[8] == ("| **serve.py ÷ app.py** | 1.52× | 1.62× | 0.72× | 0.55× | 0.85× | "
                        "1.00× | 0.52× |")
