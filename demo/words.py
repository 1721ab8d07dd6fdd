"""The words national-scale demo data is made of (demo.generator, demo.histories)."""

FIRST_NAMES = ["Alex", "Sam", "Priya", "Tom", "Grace", "Owen", "Fatima", "Rhys", "Chloe",
               "Daniel", "Aisha", "Gareth", "Hannah", "Imran", "Jess", "Liam", "Megan", "Niall"]  # fmt: skip  # noqa: E501
LAST_NAMES = ["Evans", "Patel", "Jones", "Smith", "Hughes", "Khan", "Taylor", "Brown", "Wilson",
              "Davies", "Murphy", "Ali", "Roberts", "Walker", "Wright", "Green", "Hall", "Clarke"]  # fmt: skip  # noqa: E501
INSPECTORS = ["Zoë Billingham", "Matt Parr", "Wendy Williams", "Andy Cooke", "Roy Wilsher",
              "Michelle Skeer", "Lee Freeman"]  # fmt: skip
VERBS = ["improve how it", "make sure it", "review how it", "strengthen how it",
         "put in place arrangements so that it", "develop how it"]  # fmt: skip
OBJECTS = ["identifies and responds to vulnerable people", "supervises investigations",
           "uses problem-solving with partners", "manages registered sex offenders",
           "records crime in line with national standards", "understands current demand",
           "plans its workforce for the future", "tackles serious and organised crime",
           "treats the public fairly in stop and search", "vets its workforce",
           "manages the wellbeing of its officers and staff", "answers emergency calls",
           "safeguards children at risk of exploitation", "uses its resources efficiently",
           "protects victims of domestic abuse", "gathers and acts on intelligence"]  # fmt: skip
PRACTICE = ["victim and witness hub", "harm index", "community safety officers",
            "public health approach to reducing crime", "early intervention team",
            "digital investigation unit", "wellbeing programme"]  # fmt: skip
ACTION_VERBS = ["Review", "Train supervisors on", "Audit", "Publish a plan for",
                "Commission an independent review of", "Introduce a performance measure for",
                "Report to the board on", "Update the policy on"]  # fmt: skip
NOTES = ["Working group met; actions agreed.", "Draft policy circulated for comment.",
         "Training delivered to two of five districts.", "Audit sample taken; results due.",
         "Board updated on progress.", "Recruitment to the team under way.",
         "Pilot running in the north district.", "Data quality checks added."]  # fmt: skip
EVIDENCE = ["Minutes of the improvement board", "Audit report", "Training records",
            "Revised policy document", "Performance dashboard extract", "Inspection revisit note"]  # fmt: skip  # noqa: E501
