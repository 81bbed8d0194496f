from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "eduguard.inspection"
    verbose_name = "督导验收"

    def ready(self):
        from eduguard.inspection.demo import inspection_demo
        from eduguard.inspection.demo_institutions import institutions_demo
        from eduguard.inspection.demo_tutoring import tutoring_demo
        from eduguard.org.demo import register_step

        register_step(inspection_demo)
        register_step(institutions_demo)  # after the campus and response steps: it reads their records
        register_step(tutoring_demo)
