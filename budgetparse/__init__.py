"""budgetparse: Chinese government department budget disclosures (部门预算公开) as typed data.

>>> import budgetparse
>>> doc = budgetparse.parse(open("disclosure.txt", "rb").read())
>>> doc.meta.department, doc.meta.year
>>> doc.to_dict()   # the JSON form
"""

from .decode import UndecodableInputError
from .model import Document
from .pipeline import parse

__all__ = ["Document", "UndecodableInputError", "parse"]
__version__ = "0.1.0"
